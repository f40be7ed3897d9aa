// Serves a scenario file on 127.0.0.1 for trying the CLI or awscli by hand:
//   npx tsx local/aws-endpoint/serve.ts scenario.json [port]
import { readFileSync } from 'fs';
import { startAwsEndpoint } from './server';
import { greenScenario } from './fixtures';

const [file, port] = process.argv.slice(2);
const scenario = file ? JSON.parse(readFileSync(file, 'utf8')) : greenScenario();

startAwsEndpoint(scenario, port ? Number(port) : 0).then((endpoint) => console.log(`AWS endpoint at ${ endpoint.url }`));
