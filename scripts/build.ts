/**
 * `npm run build`: the whole site from the models in `models/` — model work first, then the Astro build.
 */
import { spawnSync } from 'node:child_process';

process.env.ASTRO_TELEMETRY_DISABLED = '1';
const astro = spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build'], { stdio: 'inherit' });
process.exit(astro.status ?? 1);
