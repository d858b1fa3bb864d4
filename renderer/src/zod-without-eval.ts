import { z } from 'zod';

// zod 4 probes `new Function` before compiling a fast object parser; under the pages' strict CSP
// (no 'unsafe-eval') that probe is a reported violation. The interpreted parser is fast enough here.
z.config({ jitless: true });
