import packageJson from '../../package.json';

export const APP_NAME = 'Latent Studio';
export const APP_VERSION: string = packageJson.version;
