// Component tests run in jsdom and get the host's translation, store and directives; tests
// that declare the node environment (CLI, local AWS endpoint, built UMD) need none of that.
if (typeof window !== 'undefined') {
  require('./vue-setup');
}
