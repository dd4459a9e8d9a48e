// Renderer entry: pick the transport (Electron preload or the HTTP bridge) and start the app.
import { mount } from 'svelte';
import App from './App.svelte';
import { createClient } from './lib/client.ts';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

mount(App, { target, props: { api: createClient() } });
