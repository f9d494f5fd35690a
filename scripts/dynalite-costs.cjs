// What each kind of DynamoDB call costs the local emulator in CPU (make bench-emulator): starts dynalite as the local
// runtime does, on a free port, and from one caller makes a few thousand calls of each kind that matching makes most,
// reading the emulator's CPU time from /proc (Linux) before and after each kind. Prints milliseconds of dynalite's
// CPU a call (and an item, for batches): the median of ROUNDS rounds, with the lowest and highest.
'use strict';
const { execFileSync, spawn } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const CALLS = Number(process.env.CALLS || 2000);
const ROUNDS = Number(process.env.ROUNDS || 3);
const TABLE = 'costs';
const TICK_MS = 10; // USER_HZ is 100 on Linux

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    }).on('error', reject);
  });
}

function cpuMillis(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

function client(port) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return (target, body) => new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const request = http.request({
      host: '127.0.0.1', port, method: 'POST', path: '/', agent, headers: {
        'Content-Type': 'application/x-amz-json-1.0',
        'X-Amz-Target': `DynamoDB_20120810.${target}`,
        // dynalite checks that a request is signed, not the signature.
        Authorization: 'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, '
          + 'SignedHeaders=host, Signature=local',
        'X-Amz-Date': '20260101T000000Z',
        'Content-Length': Buffer.byteLength(data),
      },
    }, (response) => {
      let text = '';
      response.on('data', (chunk) => { text += chunk; });
      response.on('end', () => (response.statusCode === 200 ? resolve(JSON.parse(text))
        : reject(new Error(`${target}: ${text}`))));
    });
    request.on('error', reject);
    request.end(data);
  });
}

async function awaitPort(port) {
  for (let i = 0; i < 100; i++) {
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.end(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('dynalite did not start');
}

// A list as matching stores it: deflated suggestions (here 1.5 KB of bytes), version, pointers, conditional on the
// version read. A pointer: a small item in the counterpart's partition.
const list = (i, round) => ({
  pk: { S: `USER#u${i}` }, sk: { S: 'SUGGESTIONS#mentor' },
  suggestionsDeflated: { B: Buffer.alloc(1500, i % 251).toString('base64') },
  version: { N: String(round + 1) }, pointers: { S: '1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20' },
});
const pointerKey = (i, round) => ({ pk: { S: `SUGGESTED#u${i % 500}` }, sk: { S: `u${i}#mentor#l1#${round}` } });

const kinds = [
  ['PutItem (list, conditional)', CALLS, (call, i, round) => call('PutItem', {
    TableName: TABLE, Item: list(i, round), ReturnConsumedCapacity: 'TOTAL',
    ConditionExpression: round === 0 ? 'attribute_not_exists(version)' : 'version = :v',
    ExpressionAttributeValues: round === 0 ? undefined : { ':v': { N: String(round) } },
  })],
  ['GetItem (list)', CALLS, (call, i) => call('GetItem', {
    TableName: TABLE, Key: { pk: { S: `USER#u${i}` }, sk: { S: 'SUGGESTIONS#mentor' } },
    ReturnConsumedCapacity: 'TOTAL',
  })],
  ['UpdateItem (marks)', CALLS, (call, i, round) => call('UpdateItem', {
    TableName: TABLE, Key: { pk: { S: `USER#u${i}` }, sk: { S: 'MATCHED' } }, ReturnConsumedCapacity: 'TOTAL',
    UpdateExpression: 'SET matchedThrough = :t, seenThrough = :t',
    ExpressionAttributeValues: { ':t': { S: `2026-11-28T00:00:${String(round).padStart(2, '0')}Z` } },
  })],
  ['BatchWriteItem, 25 pointer puts', CALLS / 25, (call, j, round) => call('BatchWriteItem', {
    ReturnConsumedCapacity: 'TOTAL', RequestItems: {
      [TABLE]: Array.from({ length: 25 }, (_, k) => ({ PutRequest: { Item: {
        ...pointerKey(j * 25 + k, round), userId: { S: `u${j * 25 + k}` } } } })),
    },
  }), 25],
  ['BatchWriteItem, 25 pointer deletes', CALLS / 25, (call, j, round) => call('BatchWriteItem', {
    ReturnConsumedCapacity: 'TOTAL', RequestItems: {
      [TABLE]: Array.from({ length: 25 }, (_, k) => ({ DeleteRequest: { Key: pointerKey(j * 25 + k, round) } })),
    },
  }), 25],
  ['BatchGetItem, 100 lists', CALLS / 100, (call, j) => call('BatchGetItem', {
    ReturnConsumedCapacity: 'TOTAL', RequestItems: {
      [TABLE]: { Keys: Array.from({ length: 100 }, (_, k) => ({
        pk: { S: `USER#u${j * 100 + k}` }, sk: { S: 'SUGGESTIONS#mentor' } })) },
    },
  }), 100],
];

(async () => {
  const port = await freePort();
  // The Node the local runtime runs dynalite with (the project's pinned one), or DYNALITE_NODE to compare another.
  const pinned = path.join(ROOT, 'node_modules/.bin/node');
  const node = process.env.DYNALITE_NODE || (fs.existsSync(pinned) ? pinned : process.execPath);
  // The flags Emulators.start gives it; exit-with-parent.cjs (on the stdin pipe) ends it with this script however
  // this script ends, killed included, as it ends the runtime's emulators with their JVM.
  const dynalite = spawn(node, ['--max-semi-space-size=64',
    '--require', path.join(ROOT, 'scripts/exit-with-parent.cjs'), path.join(ROOT, 'node_modules/dynalite/cli.js'),
    '--host', '127.0.0.1', '--port', String(port), '--createTableMs', '0'], { stdio: ['pipe', 'ignore', 'ignore'] });
  try {
    await awaitPort(port);
    const call = client(port);
    await call('CreateTable', {
      TableName: TABLE, BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }],
    });
    const results = new Map(kinds.map(([name]) => [name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, count, make] of kinds) {
        const before = cpuMillis(dynalite.pid);
        for (let i = 0; i < count; i++) await make(call, i, round);
        results.get(name).push((cpuMillis(dynalite.pid) - before) / count);
      }
    }
    console.log(`Node ${execFileSync(node, ['--version']).toString().trim()}`);
    console.log(`dynalite CPU per call, ${ROUNDS} rounds of ${CALLS} items each kind, one caller: median (min-max)`);
    for (const [name, , , items] of kinds) {
      const sorted = results.get(name).slice().sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)];
      const perItem = items ? `; ${(median / items).toFixed(3)} ms an item` : '';
      console.log(`  ${name.padEnd(36)} ${median.toFixed(3)} ms (${sorted[0].toFixed(3)}-${sorted.at(-1).toFixed(3)})`
        + perItem);
    }
  } finally {
    dynalite.kill();
  }
})().catch((e) => { console.error(e); process.exit(1); });
