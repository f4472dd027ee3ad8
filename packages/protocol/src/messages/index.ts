// Public exports of this folder; the package index re-exports them.
export {};
