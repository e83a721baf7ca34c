import type { Architecture } from '../catalog/types.js';
import type { AmiByArchitecture, InstanceTypeSelector } from '../config/types.js';
import type { CatalogIndex } from './catalog-index.js';
import { ARCHITECTURES } from './catalog-index.js';
import { allowListMask } from './allow-list.js';

export interface ArchitecturePolicyInput {
  allowList: readonly InstanceTypeSelector[];
  /** The partition's or the defaults' AMIs. */
  amis: AmiByArchitecture;
  /** The AMI maps of the modules the job loads that bring one. */
  moduleAmis: readonly AmiByArchitecture[];
  /** `#SPAWN --ami`: one image, architecture unknown offline. */
  spawnAmi: boolean;
}

export interface ArchitecturePolicy {
  allowed: Architecture[];
  /** Why, in words, for the report. */
  why: string;
}

const archsOf = (amis: AmiByArchitecture) => ARCHITECTURES.filter((a) => amis[a] !== undefined);

/**
 * Which CPU architectures a job may run on. A batch script often runs binaries built for the
 * cluster's x86_64 nodes, so arm64 (Graviton) is used only when the site has said it works:
 * 1. a partition allow-list admits the architectures of the types it names (the admin chose them);
 *    without one, x86_64 is allowed, and arm64 too when an arm64 AMI is configured (partition,
 *    defaults, or a module the job loads);
 * 2. a module that brings its own AMI keeps the job to that AMI's architectures (its software is in it);
 * 3. `#SPAWN --ami` is a single image whose architecture is unknown offline: x86_64 when allowed.
 */
export function architecturePolicy(index: CatalogIndex, input: ArchitecturePolicyInput): ArchitecturePolicy {
  let allowed: Architecture[];
  let why: string;
  if (input.allowList.length > 0) {
    const mask = allowListMask(index, input.allowList);
    allowed = ARCHITECTURES.filter((arch) => index.types.some((t, i) => mask[i] === 1 && t.arch === arch));
    why = "the architectures of the partition's instance types";
  } else {
    const armAmi = input.amis.arm64 !== undefined || input.moduleAmis.some((m) => m.arm64 !== undefined);
    allowed = armAmi ? ['x86_64', 'arm64'] : ['x86_64'];
    why = armAmi ? 'x86_64, and arm64 because an arm64 AMI is configured' : 'x86_64 only: no arm64 AMI is configured in mapping.yaml';
  }
  for (const moduleAmis of input.moduleAmis) {
    const narrowed = allowed.filter((a) => moduleAmis[a] !== undefined);
    if (narrowed.length > 0 && narrowed.length < allowed.length) {
      allowed = narrowed;
      why = `${narrowed.join(' and ')}: a module the job loads brings an AMI for ${narrowed.length === 1 ? 'that architecture' : 'those architectures'} only`;
    } else if (narrowed.length === 0 && archsOf(moduleAmis).length > 0) {
      allowed = archsOf(moduleAmis);
      why = `${allowed.join(' and ')}: a module the job loads brings an AMI for ${allowed.length === 1 ? 'that architecture' : 'those architectures'} only`;
    }
  }
  if (input.spawnAmi && allowed.length > 1) {
    allowed = ['x86_64'];
    why = 'x86_64: #SPAWN --ami names one image, taken to be x86_64';
  }
  return { allowed, why };
}
