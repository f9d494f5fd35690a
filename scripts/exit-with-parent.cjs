// Preloaded into each emulator (node --require). The JVM that started the emulator holds its stdin open for as long
// as it lives; when that JVM ends, even killed outright (no shutdown hook runs then), stdin closes and the emulator
// exits with it instead of living on, holding a port and a core.
'use strict';
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
