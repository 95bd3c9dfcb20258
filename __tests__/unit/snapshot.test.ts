import { Testing } from 'cdktf';
import { ALL_ENVIRONMENTS, platformStack } from '../support/synth';

// Sorted JSON without metadata: a diff here is a reviewable change of what gets deployed.
test.each(ALL_ENVIRONMENTS)('%s stack matches its snapshot', (env) => {
  expect(Testing.synth(platformStack(env))).toMatchSnapshot();
});
