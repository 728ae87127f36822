// s3rver (pinned in package.json here) on 127.0.0.1 with a request log: one line
// "METHOD URL STATUS" per reply, appended to LOG. s3rver 3.7.1 answers
// AbortMultipartUpload with 405 (not implemented) and cannot list multipart uploads, so
// the log is how a test sees which requests a client made.
//   node s3rver_logged.cjs LOG DIR PORT BUCKET
'use strict';
const fs = require('node:fs');
const S3rver = require('s3rver');

const [log, directory, port, bucket] = process.argv.slice(2);
const server = new S3rver({
  address: '127.0.0.1',
  port: Number(port),
  directory,
  silent: true,
  configureBuckets: [{ name: bucket, configs: [] }],
});
server.run().then(
  () => {
    server.httpServer.on('request', (request, response) => {
      response.on('finish', () => fs.appendFileSync(log, `${request.method} ${request.url} ${response.statusCode}\n`));
    });
  },
  (error) => {
    console.error(error.message);
    process.exit(1);
  },
);
