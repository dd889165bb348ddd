export { MapPod } from './map-pod.js';
