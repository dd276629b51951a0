/**
 * The preload of every window (bundled to dist-electron/preload.cjs: sandboxed preloads
 * cannot load ES modules). It only wires Electron's objects into exposeApi.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { exposeApi } from './preload-api.ts';

exposeApi(contextBridge, ipcRenderer);
