import { Field, Int, ObjectType, type ClassType } from 'type-graphql';
import type { Page } from '../../src/services/pagination';

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export interface Connection<N> {
  edges: { cursor: string; node: N }[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** A Relay connection type for a node type: `edges { cursor node }`, `pageInfo`, `totalCount`. */
export function ConnectionType<N extends object>(node: ClassType<N>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field()
    cursor!: string;

    @Field(() => node)
    node!: N;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionClass implements Connection<N> {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int)
    totalCount!: number;
  }
  return ConnectionClass;
}

export function toConnection<E, N>(page: Page<E>, map: (entity: E) => N): Connection<N> {
  const edges = page.nodes.map((entity) => new PageEdge(entity, map(entity), page.cursorOf));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      endCursor: edges.length ? edges[edges.length - 1].cursor : null,
    },
    totalCount: page.totalCount,
  };
}

/**
 * An edge whose cursor is made when asked for: most pages ask only for pageInfo's endCursor, and
 * encoding every edge's key (JSON, then base64) was 2 % of a page of 50 cases' CPU.
 */
class PageEdge<E, N> {
  constructor(
    private readonly entity: E,
    readonly node: N,
    private readonly cursorOf: (entity: E) => string,
  ) {}

  get cursor(): string {
    return this.cursorOf(this.entity);
  }

  toJSON(): { cursor: string; node: N } {
    return { cursor: this.cursor, node: this.node };
  }
}
