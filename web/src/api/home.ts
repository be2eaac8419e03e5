// The home page (GET /home): the caller's to-dos, each with the list it links to, the pipeline
// of the scope by stage on both tracks, deliveries this month against last month and a year
// ago, and the units one level below ranked. The types are the generated ones (schema.d.ts).
import { http } from './client';
import type { components } from './schema';

type Schemas = components['schemas'];

export type Home = Schemas['Home'];
export type HomeTodo = Schemas['HomeTodo'];
export type HomeTodoCode = HomeTodo['code'];
/** A web path ("/opportunities") or an API list path ("/api/v1/opportunities") with its filter. */
export type HomeLink = HomeTodo['link'];
export type HomeFigures = Schemas['HomeFigures'];
export type HomeStageFigures = Schemas['HomeStageFigures'];
export type HomeMonthUnits = Schemas['HomeMonthUnits'];
export type HomeDeliveries = Schemas['HomeDeliveries'];
export type HomeUnit = Schemas['HomeUnit'];
/** The kind of the units below the caller's; null for a dealer. */
export type HomeUnitKind = NonNullable<Home['units_kind']>;

export function getHome(): Promise<Home> {
  return http.get<Home>('/home');
}
