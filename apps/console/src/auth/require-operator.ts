import { redirect } from 'next/navigation';
import { getOperatorSession, type TOperatorSession } from './session';

/** For server components under the console layout: the operator, or a redirect to /login. */
export async function requireOperator(): Promise<TOperatorSession> {
  const operator = await getOperatorSession();
  if (!operator) redirect('/login');
  return operator;
}
