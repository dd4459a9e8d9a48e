// Puts the handler table on ipcMain for one window: each channel first checks that the message comes
// from that window's own page, then runs the table's handler; core events go to the window. Takes
// ipcMain and the window's webContents as parameters (type-only electron imports), so it is tested with
// fakes in plain Node.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { ApiEvent, BoxOfficeApi } from '../core/contract.ts';
import { API_METHODS, EVENT_CHANNEL, channelFor } from './channels.ts';
import { FORBIDDEN_SENDER, createIpcHandlers, type IpcHandlerOptions } from './ipc-handlers.ts';
import { isTrustedSender, type IpcSender, type RendererLocation } from './security.ts';

export interface IpcWiring extends IpcHandlerOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  api: BoxOfficeApi;
  webContents: Pick<WebContents, 'id' | 'send' | 'isDestroyed'>;
  renderer: RendererLocation;
}

type InvokeEvent = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;

export function senderOf(event: InvokeEvent): IpcSender {
  const frame = event.senderFrame;
  return {
    webContentsId: event.sender.id,
    frameUrl: frame ? frame.url : null,
    isMainFrame: frame !== null && frame.parent === null,
  };
}

/** Registers every channel; returns the function that removes them (when the window closes). */
export function registerIpc({ ipcMain, api, webContents, renderer, ...options }: IpcWiring): () => void {
  const handlers = createIpcHandlers(api, options);
  const trusted = { webContentsId: webContents.id, renderer };

  for (const method of API_METHODS) {
    const handle = handlers[method] as (args: readonly unknown[]) => Promise<unknown>;
    ipcMain.handle(channelFor(method), (event: InvokeEvent, ...args: unknown[]) =>
      isTrustedSender(senderOf(event), trusted) ? handle(args) : Promise.resolve(FORBIDDEN_SENDER),
    );
  }

  const unsubscribe = api.subscribe((event: ApiEvent) => {
    if (!webContents.isDestroyed()) webContents.send(EVENT_CHANNEL, event);
  });

  return () => {
    unsubscribe();
    for (const method of API_METHODS) ipcMain.removeHandler(channelFor(method));
  };
}
