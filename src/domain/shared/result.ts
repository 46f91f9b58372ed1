/** A domain outcome: the value, or errors that name the field and say what is wrong in plain English. */
export type FieldError = { field: string; message: string }
export type Result<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] }

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })
export const fail = <T = never>(errors: FieldError[]): Result<T> => ({ ok: false, errors })
