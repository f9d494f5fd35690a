// Preloaded into dynalite (node --require). dynalite rethrows a request's 'error' event, so a client that aborts a
// request mid-body (a test stopping a runtime while a call is in flight) ends the whole emulator, and every later
// call is refused. An aborted request concerns only the client that aborted it: log it and keep serving.
'use strict';
process.on('uncaughtException', (err) => {
  if (err && err.code === 'ECONNRESET') {
    console.error(`dynalite: a client aborted a request (${err.message}); still serving`);
    return;
  }
  console.error(err);
  process.exit(1);
});
