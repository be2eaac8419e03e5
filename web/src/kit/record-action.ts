// A button of a record page's header (审核, 延期, 推进阶段, 编辑…): its words, test id, whether it
// is the page's main action (primary) and whether it is shown now.
export interface RecordAction {
  label: string;
  testid: string;
  run: () => void;
  primary?: boolean;
  /** False leaves the button out (default: shown). */
  shown?: boolean;
}
