/**
 * Prints a line about what the suite did not check, so a capability a pod
 * lacks shows in the test output instead of passing silently.
 */
export function report(podName: string, message: string): void {
  console.info(`[pod-conformance] ${podName}: ${message}`);
}
