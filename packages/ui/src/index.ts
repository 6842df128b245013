export { AppShell, type AppShellProps } from './app-shell';
export { Badge, type TBadgeTone } from './badge';
export { Button, type ButtonProps, buttonClassName, type TButtonVariant } from './button';
export { Calendar, type CalendarProps } from './calendar';
export { Card, type CardProps } from './card';
export { ChartPanel, type ChartPanelProps } from './chart-panel';
export { cn } from './cn';
export { ConfirmButton } from './confirm-button';
export { DataTable, type DataTableColumn, type DataTableProps, type DataTableSort } from './data-table';
export { DateField, type DateFieldProps, DateTimeField } from './date-field';
export { EmptyState, type EmptyStateProps } from './empty-state';
export { ErrorState, type ErrorStateProps } from './error-state';
export {
  SelectField,
  type SelectFieldProps,
  type SelectOption,
  TextField,
  type TextFieldProps,
} from './field';
export { FormFeedback, type FormFeedbackProps } from './form-feedback';
export { LoadingState, type LoadingStateProps } from './loading-state';
export { type LinkLikeProps, NavLink, type NavLinkProps, NavSection } from './nav-link';
export { PageHeader, type PageHeaderProps } from './page-header';
export { Pagination, type PaginationProps } from './pagination';
export { ScrollRegion, type ScrollRegionProps } from './scroll-region';
export { Skeleton } from './skeleton';
export { StatCard, type StatCardProps, StatGrid } from './stat-card';
