import { randomUUID } from 'node:crypto';
import { ContainerClient } from '@azure/storage-blob';
import { inject } from 'vitest';
import { AzurePod, type AzurePodOptions } from '../src/index.js';

export function azuriteConnectionString(): string {
  return inject('azuriteConnectionString');
}

export function azuriteUrl(): string {
  return inject('azuriteUrl');
}

export function azuriteContainer(): string {
  return inject('azuriteContainer');
}

/** A client of the test container, shared by the pods of one test file. */
export function azuriteContainerClient(): ContainerClient {
  return new ContainerClient(azuriteConnectionString(), azuriteContainer());
}

/** A fresh, empty pod: a unique prefix in Azurite's test container. */
export function azuritePod(options: Partial<AzurePodOptions> = {}): AzurePod {
  return new AzurePod({
    container: azuriteContainer(),
    prefix: `t-${randomUUID()}`,
    connectionString: azuriteConnectionString(),
    ...options,
  });
}
