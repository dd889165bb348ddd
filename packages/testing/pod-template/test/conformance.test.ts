import { describePodConformance } from '@lakota/pod-conformance';
import { MapPod } from '../src/index.js';

describePodConformance({ name: 'map', create: () => new MapPod() });
