// Names of the onnxruntime execution providers Tandem can ask for, and which ones a platform can offer.

export const EXECUTION_PROVIDERS = ['cuda', 'dml', 'coreml', 'cpu'] as const;
export type ExecutionProvider = (typeof EXECUTION_PROVIDERS)[number];

/**
 * Where each provider can exist at all. onnxruntime-node ships DirectML only in its Windows build,
 * CoreML only in its macOS build, and CUDA for Linux and Windows; trying the others elsewhere only
 * adds a guaranteed failure to the report.
 */
const PLATFORMS_OF: Record<ExecutionProvider, readonly NodeJS.Platform[] | 'all'> = {
  cuda: ['linux', 'win32'],
  dml: ['win32'],
  coreml: ['darwin'],
  cpu: 'all',
};

/** The default preference on `platform`: fastest first, CPU last because it always works. */
export function defaultProviderOrder(platform: NodeJS.Platform = process.platform): ExecutionProvider[] {
  return EXECUTION_PROVIDERS.filter((name) => {
    const platforms = PLATFORMS_OF[name];
    return platforms === 'all' || platforms.includes(platform);
  });
}
