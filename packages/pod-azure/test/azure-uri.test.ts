import { InvalidPathError } from '@lakota/core';
import { describe, expect, it } from 'vitest';
import { AzurePod, parseAzureUri } from '../src/index.js';
import { AZURITE_ACCOUNT, AZURITE_KEY } from './azurite-server.js';
import { azuriteContainer, azuriteUrl } from './helpers.js';

describe('parseAzureUri', () => {
  it('reads az://container/prefix with the account and key in the query', () => {
    expect(parseAzureUri('az://data/repos/main?account=acct&key=K%2B%3D%3D', {})).toEqual({
      container: 'data',
      prefix: 'repos/main',
      accountName: 'acct',
      accountKey: 'K+==',
    });
  });

  it('reads a SAS token and an endpoint (Azurite or a sovereign cloud)', () => {
    const loc = parseAzureUri(
      `az://data?endpoint=${encodeURIComponent('http://127.0.0.1:10000/devstoreaccount1')}&sas=%3Fsv%3D1%26sig%3Dx`,
      {},
    );
    expect(loc).toEqual({
      container: 'data',
      prefix: '',
      url: 'http://127.0.0.1:10000/devstoreaccount1',
      sasToken: 'sv=1&sig=x',
    });
  });

  it('accepts the azure:// scheme too', () => {
    expect(parseAzureUri('azure://c/p', {})).toEqual({ container: 'c', prefix: 'p' });
  });

  it('takes the connection string from AZURE_STORAGE_CONNECTION_STRING', () => {
    const env = { AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' };
    expect(parseAzureUri('az://c/p/', env)).toEqual({
      container: 'c',
      prefix: 'p',
      connectionString: 'UseDevelopmentStorage=true',
    });
  });

  it('takes AZURE_STORAGE_ACCOUNT and AZURE_STORAGE_KEY, also for a matching ?account=', () => {
    const env = { AZURE_STORAGE_ACCOUNT: 'acct', AZURE_STORAGE_KEY: 'k' };
    expect(parseAzureUri('az://c', env)).toMatchObject({ accountName: 'acct', accountKey: 'k' });
    expect(parseAzureUri('az://c?account=acct', env)).toMatchObject({ accountKey: 'k' });
    expect(parseAzureUri('az://c?account=other', env)).not.toHaveProperty('accountKey');
  });

  it('rejects what is not an Azure location', () => {
    for (const bad of ['s3://b/p', 'az:///p', 'az://c/../x', 'az://c?key=k', 'nope']) {
      expect(() => parseAzureUri(bad, {}), bad).toThrow(InvalidPathError);
    }
  });
});

describe('AzurePod.fromUri', () => {
  it('builds a working pod on Azurite from a URI', async () => {
    const uri = `az://${azuriteContainer()}/from-uri/x?account=${AZURITE_ACCOUNT}&key=${encodeURIComponent(AZURITE_KEY)}&endpoint=${encodeURIComponent(azuriteUrl())}`;
    const pod = AzurePod.fromUri(uri);
    expect(pod.container).toBe(azuriteContainer());
    expect(pod.prefix).toBe('from-uri/x');
    expect(pod.uri).toBe(`az://${azuriteContainer()}/from-uri/x`);
    await pod.write('f', new Uint8Array([7]), { force: true });
    expect(await pod.read('f')).toEqual(new Uint8Array([7]));
    await pod.rm('', { recursive: true });
  });
});
