/** The demo dataset `npm start` and the tests seed (see seed.ts); kept free of imports so Worker tests can read it too. */
export const demo = {
  devices: { 'cam-north': ['batch_001', 'batch_002', 'batch_003'], 'cam-south': ['batch_001', 'batch_002'] },
  framesPerBatch: 5,
  flaggedFrames: 4,
  images: ['welcome.png', 'harbour at dusk.png', 'sunrise+clouds.png'],
  /** person → the photos they appear in */
  people: { 'person-ada': ['p001', 'p002', 'p003', 'p004'], 'person-grace': ['p002', 'p005', 'p006'], 'person-alan': ['p001', 'p006'], 'person-edsger': ['p007'] },
} as const

/** Listings longer than one ListObjectsV2 page, seeded for tests only. */
export const large = { device: 'cam-many-batches', batches: 2_500, batchDevice: 'cam-big-batch', batch: 'batch_big', frames: 2_500 }
