// Test files by their paths (pytest's, Jest's and Vitest's conventions, fixtures and mocks): a model
// class defined there is a stand-in, and the arguments tests pass are not what production runs.
const TEST_PATH = /(^|\/)(tests?|__tests__|spec|testing|fixtures|mocks?)\/|(^|\/)test_[^/]*$|_test\.py$|\.(test|spec)\.[cm]?[jt]sx?$|(^|\/)conftest\.py$/;

/** Whether a workspace-relative path is a test file (or under a tests, fixtures or mocks folder). */
export function isTestPath(path: string): boolean {
  return TEST_PATH.test(path);
}
