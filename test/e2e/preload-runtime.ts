// The renderer side of Electron's IPC, stood in for so the BUILT preload (out/preload/preload.cjs) runs in
// plain Node: a vm context as a sandboxed preload gets (CommonJS, `require('electron')` and nothing else),
// a contextBridge that records what the preload exposes, and an ipcRenderer whose invoke goes to a main
// side's handlers with structured-cloned arguments and answers, as Electron's does. Used by the
// end-to-end suite's desktop transport (desktop-ipc.ts) and by the built main process run with the
// stand-in electron (test/unit/electron-desktop-runtime.ts).
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

export type RendererListener = (event: unknown, ...args: unknown[]) => void;
/** ipcMain.handle's listener: (event, ...args) => answer. */
export type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;

export interface IpcRendererStandIn {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: RendererListener): IpcRendererStandIn;
  removeListener(channel: string, listener: RendererListener): IpcRendererStandIn;
  /** What main's webContents.send does: the payload, cloned, reaches the listeners after main's task. */
  deliver(channel: string, ...args: unknown[]): void;
}

export interface IpcRendererOptions {
  /** The handler main registered for a channel, if any. */
  handlerFor(channel: string): InvokeHandler | undefined;
  /** The IPC event main sees: `sender` and `senderFrame`, which main's sender check reads. */
  senderEvent(): unknown;
  /** Told of every answer, for the test's record. */
  onReply?(channel: string, reply: unknown): void;
}

export function createIpcRenderer({ handlerFor, senderEvent, onReply }: IpcRendererOptions): IpcRendererStandIn {
  const listeners = new Map<string, Set<RendererListener>>();
  const ipcRenderer: IpcRendererStandIn = {
    async invoke(channel, ...args) {
      // Electron clones the arguments first: a function or a class instance never reaches main as it is.
      const cloned = structuredClone(args);
      const handler = handlerFor(channel);
      if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
      const reply = structuredClone(await handler(senderEvent(), ...cloned));
      onReply?.(channel, reply);
      return reply;
    },
    on(channel, listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
      return ipcRenderer;
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
      return ipcRenderer;
    },
    deliver(channel, ...args) {
      const copies = structuredClone(args);
      // IPC is asynchronous: the renderer hears of it after main's current task, never inside it.
      setImmediate(() => {
        for (const listener of listeners.get(channel) ?? []) listener({ sender: ipcRenderer }, ...copies);
      });
    },
  };
  return ipcRenderer;
}

/** Runs the built preload; answers what it exposed, by `exposeInMainWorld` key. */
export function runPreload(preloadFile: string, ipcRenderer: IpcRendererStandIn): Map<string, Record<string, unknown>> {
  const exposed = new Map<string, Record<string, unknown>>();
  const contextBridge = {
    exposeInMainWorld(key: string, value: Record<string, unknown>): void {
      if (exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
      // contextBridge copies the object when it is exposed: what the preload adds later is not seen.
      exposed.set(key, { ...value });
    },
  };
  // The renderer gets only invoke/on/removeListener, as the preload uses them; `deliver` is main's side.
  const { invoke, on, removeListener } = ipcRenderer;
  const rendererSide = { invoke, on, removeListener };
  const module = { exports: {} };
  vm.runInNewContext(
    readFileSync(preloadFile, 'utf8'),
    {
      module,
      exports: module.exports,
      // A sandboxed preload's `require` knows only what Electron gives it (here just electron itself;
      // the unit test of the built preload checks it needs nothing else).
      require: (id: string) => {
        if (id === 'electron') return { contextBridge, ipcRenderer: rendererSide };
        throw new Error(`a sandboxed preload cannot require ${id}`);
      },
      console,
      setTimeout,
      clearTimeout,
    },
    { filename: preloadFile },
  );
  return exposed;
}
