// Plain ESM on purpose: a worker thread does not inherit tsx's loader (under tsx or Jest alike), so this entry
// registers it, then loads the TypeScript thread (bench/route-thread.ts). See bench/route.ts, RouteThread.
import { register } from 'tsx/esm/api';

register();
await import('./route-thread.ts');
