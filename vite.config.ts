import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

// vite-plugin-pwa builds the service worker as one file with the option Rolldown deprecated
// (`inlineDynamicImports: true`, which prints a warning on every build); say the same with `codeSplitting: false`.
const swAsOneFile: Plugin = {
  name: 'rivulet:sw-as-one-file',
  outputOptions(options) {
    if (options.inlineDynamicImports === undefined) return null;
    const { inlineDynamicImports, ...rest } = options;
    return { ...rest, codeSplitting: !inlineDynamicImports };
  },
};

// One build: the window bundle, the engine worker (an ES module worker), and the service worker (injectManifest:
// our own sw.ts with workbox precaching of the app shell, plus our routes).
export default defineConfig({
  build: { target: 'es2022', sourcemap: true },
  worker: { format: 'es' },
  plugins: [
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      injectRegister: false,
      registerType: 'prompt',
      injectManifest: {
        buildPlugins: { vite: [swAsOneFile] },
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'], maximumFileSizeToCacheInBytes: 5 * 1024 * 1024 },
      manifest: {
        name: 'Rivulet — BitTorrent in your browser',
        short_name: 'Rivulet',
        description: 'Share files and download torrents peer to peer, right in the browser.',
        theme_color: '#2563eb',
        background_color: '#ffffff',
        display: 'standalone',
        start_url: '.',
        scope: '.',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'icons/icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
        id: '/',
        // magnet: links open the app with the link as the fragment (the browser puts the encoded link at %s).
        protocol_handlers: [{ protocol: 'magnet', url: '/#%s' }],
        // .torrent files opened from the OS reach the page's launch queue (src/app/launch.ts).
        file_handlers: [{ action: '/', accept: { 'application/x-bittorrent': ['.torrent'] } }],
        // Files shared from other apps: the service worker takes the POST (src/sw/share-target.ts).
        share_target: {
          action: '/share-target',
          method: 'POST',
          enctype: 'multipart/form-data',
          params: { title: 'title', text: 'text', url: 'url', files: [{ name: 'files', accept: ['*/*'] }] },
        },
        // One engine per profile (src/app/single-tab.ts): launches go to the open window rather than a new one.
        launch_handler: { client_mode: ['focus-existing', 'auto'] },
      },
    }),
  ],
});
