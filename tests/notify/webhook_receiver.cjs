// A webhook receiver for the notification tests: listens on 127.0.0.1 (a free port,
// written to PORT_FILE), checks each request's X-Sluice-Signature-256 against
// RECEIVER_SECRET, and appends one JSON line per request to LOG_FILE:
//   {"path", "event", "signed", "signature_ok", "body"}
// Paths: /flaky/... answers 503 twice, then 200; /down/... always 500; others 200.
//   node webhook_receiver.cjs PORT_FILE LOG_FILE
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');

const [portFile, logFile] = process.argv.slice(2);
const secret = process.env.RECEIVER_SECRET || '';
let flaky = 0;

const server = http.createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks);
    const signature = request.headers['x-sluice-signature-256'];
    const expected = 'sha256=' + crypto.createHmac('sha256', secret).update(body).digest('hex');
    const signatureOk = signature !== undefined && signature.length === expected.length &&
      crypto.timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
    let status = 200;
    if (request.url.startsWith('/flaky')) status = ++flaky <= 2 ? 503 : 200;
    if (request.url.startsWith('/down')) status = 500;
    fs.appendFileSync(logFile, JSON.stringify({
      path: request.url, method: request.method, status, event: request.headers['x-sluice-event'] || null,
      signed: signature !== undefined, signature_ok: signatureOk, body: body.toString('utf8'),
    }) + '\n');
    response.writeHead(status, {'Content-Type': 'text/plain'});
    response.end(status === 200 ? 'ok' : 'no');
  });
});
server.listen(0, '127.0.0.1', () => fs.writeFileSync(portFile, String(server.address().port)));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
