import { Type, type Static } from '@kits/plugin-sdk';

/** A note as the API returns it; shared by the server and the till. */
export const Note = Type.Object({
  id: Type.String({ format: 'uuid' }),
  body: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type Note = Static<typeof Note>;

export const NewNote = Type.Object({ body: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });
export type NewNote = Static<typeof NewNote>;
