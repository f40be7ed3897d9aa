import { importTypes } from '@rancher/auto-import';
import { IPlugin, TabLocation } from '@shell/core/types';
import { registerTabs } from './registration';

// Registers the extension's translations and tabs; everything else lives in its own module.
export default function(plugin: IPlugin): void {
  importTypes(plugin);
  plugin.metadata = require('./package.json');
  registerTabs(plugin, TabLocation);
}
