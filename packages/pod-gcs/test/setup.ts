import { allowOnlyLoopback } from '@lakota/testing-gcs-server';
import { liveGcsSettings } from './live.js';

// Without live settings nothing may leave the machine: an SDK reaching for
// Google (credentials, metadata server) fails the test instead.
if (!liveGcsSettings()) allowOnlyLoopback();
