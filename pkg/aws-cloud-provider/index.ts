import { importTypes } from '@rancher/auto-import';
import { IPlugin, TableColumnLocation, TabLocation } from '@shell/core/types';
import { registerFleet, registerTabs } from './registration';

// Registers the extension's translations, tabs, fleet page and cluster-list column; everything else lives in its own module.
export default function(plugin: IPlugin): void {
  importTypes(plugin);
  plugin.metadata = require('./package.json');
  registerTabs(plugin, TabLocation);
  registerFleet(plugin, TableColumnLocation.RESOURCE);
}
