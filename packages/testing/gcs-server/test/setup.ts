import { allowOnlyLoopback } from '../src/index.js';

// The SDK must never reach Google (credentials, metadata server): only our server.
allowOnlyLoopback();
