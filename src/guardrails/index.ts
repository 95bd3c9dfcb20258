export * from './rule';
export * from './pack';
export { CMEK_TARGETS } from './rules/cmek-targets';
