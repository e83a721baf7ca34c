/** Diagnostic codes of mapping.yaml problems. Stable ids: never renamed or reused once published. */
export const MAPPING_CODES = {
  fileUnreadable: 'mapping-file-unreadable',
  yamlSyntax: 'mapping-yaml-syntax',
  yamlWarning: 'mapping-yaml-warning',
  yamlAliasLimit: 'mapping-yaml-alias-limit',
  duplicateKey: 'mapping-duplicate-key',
  unknownKey: 'mapping-unknown-key',
  invalidName: 'mapping-invalid-name',
  wrongType: 'mapping-wrong-type',
  missingValue: 'mapping-missing-value',
  invalidValue: 'mapping-invalid-value',
  unknownGpuModel: 'mapping-unknown-gpu-model',
  s3StageWithoutBucket: 'mapping-s3-stage-without-bucket',
  s3WithoutIamRole: 'mapping-s3-without-iam-role',
  gresTypeNeedsCount: 'mapping-gres-type-needs-count',
  invalidEventPattern: 'mapping-invalid-event-pattern',
  duplicateRuleName: 'mapping-duplicate-rule-name',
} as const;
