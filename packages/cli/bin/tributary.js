#!/usr/bin/env node
// The `tributary` executable npm links into node_modules/.bin. It is committed JavaScript rather than the
// compiled dist/bin/tributary.js because npm links bins at `npm install`, before `npm run build` has made
// dist/: a bin pointing into dist/ would not be linked at all in a fresh clone.
try {
  await import('../dist/bin/tributary.js');
} catch (e) {
  if (e?.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes('dist/bin/tributary.js')) {
    console.error('tributary: @tributary/cli is not built yet; run `npm run build` first');
    process.exit(1);
  }
  throw e;
}
