export interface FormFeedbackProps {
  /** Refusals not tied to one field, each its own alert. */
  errors: readonly string[];
  /** What the last save did, in words; null shows nothing. */
  saved?: string | null;
}

/** A form's own messages above its fields: the refusals (alerts) and the last save's outcome (status). */
export function FormFeedback({ errors, saved }: FormFeedbackProps) {
  return (
    <>
      {errors.map((message) => (
        <p key={message} role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {message}
        </p>
      ))}
      {saved ? (
        <p role="status" className="text-sm text-emerald-800">
          {saved}
        </p>
      ) : null}
    </>
  );
}
