import { defineOfficePlugin } from '@kits/plugin-sdk/office';
import { registerKernelPages } from './pages.tsx';

/** The kernel's pages of the back office (locations, staff, devices, API keys, audit log, marketplace, settings). */
export default defineOfficePlugin({
  activate(context) {
    registerKernelPages(context);
  },
});
