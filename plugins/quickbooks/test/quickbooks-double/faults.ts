/**
 * QuickBooks Online's error envelope, as Intuit documents it ("Error codes", developer.intuit.com):
 * `{ Fault: { Error: [{ Message, Detail, code, element? }], type }, time }` with the HTTP status.
 */
export interface DoubleAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export const now = (): string => new Date().toISOString();

export function fault(
  status: number,
  type: string,
  code: string,
  message: string,
  detail: string,
  element?: string,
  headers?: Readonly<Record<string, string>>,
): DoubleAnswer {
  return {
    status,
    body: { Fault: { Error: [{ Message: message, Detail: detail, code, ...(element ? { element } : {}) }], type }, time: now() },
    ...(headers ? { headers } : {}),
  };
}

/** 401: no bearer token, or one that is unknown, expired or revoked. */
export const authenticationFault = (detail: string): DoubleAnswer =>
  fault(401, 'AuthenticationFault', '3200', 'message=AuthenticationFailed; errorCode=003200; statusCode=401', detail);

/** 429: the company's request budget is spent (Intuit: 500 requests a minute per realm). */
export const throttled = (retryAfterSeconds: number): DoubleAnswer =>
  fault(
    429,
    'ThrottlingFault',
    '3001',
    'message=ThrottleExceeded; errorCode=003001; statusCode=429',
    'The request limit was reached.',
    undefined,
    { 'retry-after': String(retryAfterSeconds) },
  );

/** 400 ValidationFault: a business rule refused the object (code 6000). */
export const businessValidation = (detail: string, element?: string): DoubleAnswer =>
  fault(
    400,
    'ValidationFault',
    '6000',
    'A business validation error has occurred while processing your request',
    `Business Validation Error: ${detail}`,
    element,
  );

/** 400 ValidationFault 2020: a required field is missing. */
export const requiredMissing = (field: string): DoubleAnswer =>
  fault(
    400,
    'ValidationFault',
    '2020',
    'Required param missing, need to supply the required value for the API',
    `Required parameter ${field} is missing in the request`,
    field,
  );

/** 400 ValidationFault 2010: a property the entity does not have. */
export const unsupportedProperty = (property: string): DoubleAnswer =>
  fault(
    400,
    'ValidationFault',
    '2010',
    'Request has invalid or unsupported property',
    `Property Name:Can not construct instance of ${property} specified is unsupported or invalid`,
    property,
  );

/** 400 ValidationFault 2500: a reference to an object the company does not have. */
export const invalidReference = (what: string, id: string): DoubleAnswer =>
  fault(400, 'ValidationFault', '2500', 'Invalid Reference Id', `Invalid Reference Id : ${what} element id ${id} not found`, what);

/** 400 ValidationFault 2050: a string outside its documented length. */
export const stringLength = (field: string, max: number, supplied: number): DoubleAnswer =>
  fault(
    400,
    'ValidationFault',
    '2050',
    'String length is either shorter or longer than supported by specification',
    `String length specified does not match the supported length. Min:0 Max:${max} supplied length:${supplied}`,
    field,
  );

/** 400 ValidationFault 4000: a query the query language does not parse. */
export const queryParserError = (detail: string): DoubleAnswer =>
  fault(400, 'ValidationFault', '4000', 'Error parsing query', `QueryParserError: ${detail}`);
