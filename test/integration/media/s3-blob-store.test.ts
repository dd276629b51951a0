import { afterAll, beforeAll } from 'vitest';
import { S3BlobStore } from '../../../core/media/s3-blob-store.ts';
import { LOCAL_S3_CREDENTIALS, startLocalS3, type LocalS3 } from '../../fixtures/s3-server.ts';
import { runBlobStoreConformance } from '../../unit/media/blob-store-conformance.ts';

process.env.AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING ??= '1';

let s3: LocalS3;
beforeAll(async () => {
  s3 = await startLocalS3();
});
afterAll(async () => {
  await s3.close();
});

runBlobStoreConformance('s3-compatible (s3rver)', async () => {
  const bucket = await s3.bucket();
  return new S3BlobStore({ bucket, prefix: 'riverside/blobs/', endpoint: s3.endpoint, credentials: LOCAL_S3_CREDENTIALS });
});
