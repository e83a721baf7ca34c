// Entry point bundled by bench/events.mjs: the EventBridge stand-in the sink delivers to.
export { startFakeEventBridge } from '../test/support/fake-eventbridge.js';
