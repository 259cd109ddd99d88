/**
 * The KiTS UI kit (`@kits/ui-kit`): components, tokens and formatting shared by the till, the
 * back office and plugins. The host apps load `@kits/ui-kit/styles.css` once; plugins use the
 * components and never style a page from scratch.
 */
export { KitProvider, useKit, type Kit } from './kit/kit-provider.tsx';
export { Money } from './format/money.tsx';
export { Quantity, formatQuantity } from './format/quantity.tsx';
export { DateTime, formatDateTime } from './format/date-time.tsx';
export { TimeAgo, timeAgo } from './format/time-ago.tsx';
export { Button, LinkButton, buttonClass, type ButtonProps, type ButtonVariant, type ButtonSize } from './action/button.tsx';
export { CopyButton } from './action/copy-button.tsx';
export { Field, type FieldProps } from './form/field.tsx';
export { TextInput, TextArea, type TextInputProps, type TextAreaProps } from './form/text-input.tsx';
export { NumberInput, parseWholeNumber, type NumberInputProps } from './form/number-input.tsx';
export { Select, type SelectOption, type SelectProps } from './form/select.tsx';
export { Checkbox, type CheckboxProps } from './form/checkbox.tsx';
export { SearchInput, type SearchInputProps } from './form/search-input.tsx';
export { SearchPicker, type SearchPickerProps } from './form/search-picker.tsx';
export { MoneyInput, moneyText, moneyProblem, type MoneyInputProps } from './form/money-input.tsx';
export { SchemaForm, type SchemaFormProps } from './form/schema-form.tsx';
export {
  schemaFields,
  kindOf,
  labelOf,
  valueAt,
  withValueAt,
  type JsonSchema,
  type SchemaField,
  type SchemaFieldKind,
} from './form/schema-fields.ts';
export { PageHeader, type PageHeaderProps } from './layout/page-header.tsx';
export { Card } from './layout/card.tsx';
export { Toolbar } from './layout/toolbar.tsx';
export { Tabs, type Tab } from './layout/tabs.tsx';
export { DescriptionList } from './layout/description-list.tsx';
export { Stat } from './layout/stat.tsx';
export { Stack, Row, Columns, FormProblem, Subheading, type Space } from './layout/stack.tsx';
export { Text, Muted, Lead, TwoLine } from './layout/text.tsx';
export { ReceiptPaper, ReceiptLine, ReceiptRule, ReceiptHead, ReceiptNote } from './layout/receipt-paper.tsx';
export { Badge, type Tone } from './feedback/badge.tsx';
export { Spinner } from './feedback/spinner.tsx';
export { EmptyState } from './feedback/empty-state.tsx';
export { ProblemNotice } from './feedback/problem-notice.tsx';
export { Notice } from './feedback/notice.tsx';
export { ToastHost, useToasts, type Toast } from './feedback/toasts.tsx';
export { Dialog, type DialogProps } from './overlay/dialog.tsx';
export { ConfirmDialog, type ConfirmDialogProps } from './overlay/confirm-dialog.tsx';
export { ConfirmActionDialog, type ConfirmActionDialogProps } from './overlay/confirm-action-dialog.tsx';
export { FormDialog, type FormDialogProps } from './overlay/form-dialog.tsx';
export { DataTable, tableMinWidth, type Column, type DataTableProps } from './table/data-table.tsx';
export { tableHeight, TABLE_HEADER_HEIGHT } from './table/table-height.ts';
export { rowWindow, scrollToReveal, type RowWindow } from './table/virtual-rows.ts';
export { sortRows, nextSort, type TableSort, type SortDirection } from './table/sort-rows.ts';
export { Chart, type ChartProps } from './chart/chart.tsx';
export {
  chartModel,
  chartSummary,
  tickLabel,
  valueRange,
  type ChartBand,
  type ChartData,
  type ChartKind,
  type ChartModel,
  type ChartSeries,
  type ChartTone,
} from './chart/chart-model.ts';
export { compactMoney, moneyChartFormat, numberChartFormat, type ChartFormat } from './chart/chart-format.ts';
export { useResource, type Resource } from './data/use-resource.ts';
export { useRefreshWhileVisible } from './data/use-refresh-while-visible.ts';
export { fieldProblems, fieldPath } from './data/field-problems.ts';
export { problemText } from './data/problem-text.ts';
export { useSubmit, type Submission } from './data/use-submit.ts';
export { usePagedList, type ListPage, type PagedList } from './data/use-paged-list.ts';
