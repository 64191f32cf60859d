/** The HTTP half of the protocol: JSON requests with the access token, answers and errors in one shape. */

/** Every failure of a request: the protocol's error code, or `network` when no answer came. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get offline(): boolean {
    return this.code === 'network';
  }
}

/** Where requests get their token, and what to do when the server says it is no longer good. */
export interface TokenSource {
  accessToken(): Promise<string | null>;
  /** Called on a 401: answers a fresh token, or null when the session is over. */
  renew(failed: string): Promise<string | null>;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export class Rest {
  constructor(
    private readonly tokens: TokenSource | null,
    private readonly base = '',
  ) {}

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  put<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  patch<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }

  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  /** A file the API serves (an export's zip): its bytes, with the same token handling as every other request. */
  async blob(path: string): Promise<Blob> {
    const token = this.tokens ? await this.tokens.accessToken() : null;
    let response = await this.fetchRaw(path, token);
    if (response.status === 401 && this.tokens && token) {
      const renewed = await this.tokens.renew(token);
      if (renewed) response = await this.fetchRaw(path, renewed);
    }
    if (!response.ok) await answer(response);
    return response.blob();
  }

  private async fetchRaw(path: string, token: string | null): Promise<Response> {
    try {
      return await fetch(this.base + path, {
        headers: token ? { Authorization: `Bearer ${token}` } : {},
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch {
      throw new ApiError(0, 'network', 'no connection');
    }
  }

  /** A request without a token (login, refresh). */
  async open<T>(method: Method, path: string, body?: unknown): Promise<T> {
    return this.send<T>(method, path, body, null);
  }

  async request<T>(method: Method, path: string, body?: unknown): Promise<T> {
    const token = this.tokens ? await this.tokens.accessToken() : null;
    try {
      return await this.send<T>(method, path, body, token);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401 || !this.tokens || !token) throw e;
      const renewed = await this.tokens.renew(token);
      if (!renewed) throw e;
      return this.send<T>(method, path, body, renewed);
    }
  }

  private async send<T>(method: Method, path: string, body: unknown, token: string | null): Promise<T> {
    const headers: Record<string, string> = {};
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(this.base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch {
      throw new ApiError(0, 'network', 'no connection');
    }
    return answer<T>(response);
  }
}

/** Turns a response into its JSON body, or into an ApiError in the protocol's shape. */
export async function answer<T>(response: Response): Promise<T> {
  const text = await response.text().catch(() => '');
  if (response.ok) {
    return (text ? JSON.parse(text) : undefined) as T;
  }
  throw errorOf(response.status, text, response.headers.get('Retry-After'));
}

export function errorOf(status: number, text: string, retryAfterHeader: string | null): ApiError {
  let code = status >= 500 ? 'unavailable' : 'bad_request';
  let message = '';
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    if (typeof parsed.error?.code === 'string') code = parsed.error.code;
    if (typeof parsed.error?.message === 'string') message = parsed.error.message;
  } catch {
    // not the protocol's shape (a proxy's page): keep the status's code
  }
  const retryAfter = retryAfterHeader && /^\d+$/.test(retryAfterHeader) ? Number(retryAfterHeader) : undefined;
  return new ApiError(status, code, message, retryAfter);
}
