import { definePlugin, Type } from '@kits/plugin-sdk';
import { NewNote, Note } from '../shared/note.ts';

interface Settings {
  readonly greeting: string;
}

interface NoteRow {
  readonly id: string;
  readonly body: string;
  readonly created_at: Date;
}

const toNote = (row: NoteRow): Note => ({ id: row.id, body: row.body, createdAt: new Date(row.created_at).toISOString() });

/** __DISPLAY__: keeps notes in its own schema and publishes `__ID__.note.created`. */
export default definePlugin<Settings>({
  register({ routes }) {
    routes.get('/greeting', {
      schema: { summary: 'The greeting set in this tenant’s settings', response: { 200: Type.Object({ greeting: Type.String() }) } },
      handler: async (request) => ({ greeting: request.settings.greeting }),
    });

    routes.post('/notes', {
      permission: '__ID__:write',
      schema: { summary: 'Add a note', body: NewNote, response: { 201: Note } },
      async handler(request, reply) {
        const [row] = await request.tx.query<NoteRow>(
          'insert into __SCHEMA__.notes (tenant_id, id, body) values ($1, gen_random_uuid(), $2) returning id, body, created_at',
          [request.tenantId, request.body.body],
        );
        await request.tx.publish({ type: '__ID__.note.created', payload: { noteId: row!.id } });
        reply.status(201);
        return toNote(row!);
      },
    });

    routes.get('/notes', {
      schema: { summary: 'List notes, newest first', response: { 200: Type.Object({ items: Type.Array(Note) }) } },
      async handler(request) {
        const rows = await request.tx.query<NoteRow>(
          'select id, body, created_at from __SCHEMA__.notes order by created_at desc limit 100',
        );
        return { items: rows.map(toNote) };
      },
    });
  },
});
