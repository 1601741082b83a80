import { inject } from 'vitest'
import { originEnv } from '../stack/origin'

/** The origin reads its configuration at module load: point it at the test stack before any import of it. */
Object.assign(process.env, originEnv(inject('stackConfig')))
