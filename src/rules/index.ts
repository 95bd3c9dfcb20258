/**
 * The one home of each rule: EU locations, names, roles and principals, key rotation, cron and
 * time zones, Composer images. The config schema, the constructs and the guardrails all read
 * these; none of them writes a rule of its own.
 */
export * from './eu-regions';
export * from './locations';
export * from './names';
export * from './org-policies';
export * from './roles';
export * from './rotation';
export * from './schedules';
export * from './composer';
export * from './tokens';
export * from './network';
