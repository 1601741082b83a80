import { inject } from 'vitest'

/** The origin reads its configuration at module load: point it at the test stack before any import of it. */
const config = inject('stackConfig')
Object.assign(process.env, {
  AWS_REGION: config.region,
  AWS_ACCESS_KEY_ID: 'dynamodblocal',
  AWS_SECRET_ACCESS_KEY: 'dynamodblocal',
  DYNAMODB_ENDPOINT: `http://127.0.0.1:${config.dynamodbPort}`,
  IMAGES_BUCKET: config.buckets.images,
  PHOTOS_BUCKET: config.buckets.photos,
  THUMBS_BUCKET: config.buckets.thumbs,
  ...config.tables,
})
