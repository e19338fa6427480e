import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import {
  INCIDENT_KINDS,
  type Incident,
  type IncidentKind as IncidentKindValue,
} from '../../src/entities/incident.entity';
import { DateTimeScalar } from '../scalars';
import { ConnectionType } from './connection';

export const IncidentKind = Object.fromEntries(INCIDENT_KINDS.map((v) => [v, v])) as {
  [K in IncidentKindValue]: K;
};
registerEnumType(IncidentKind, {
  name: 'IncidentKind',
  description:
    'MASS_INCIDENT (群体性事件) | EXTREME_INCIDENT (极端事件) | SKIP_LEVEL_PETITION (越级上访) | MAJOR_PUBLIC_OPINION (重大舆情): each counts against K4',
});

@InputType('IncidentInput')
export class IncidentInput {
  @Field(() => IncidentKind) kind!: IncidentKindValue;
  @Field({ description: 'the Benxi district where it happened (210500: city level)' }) districtCode!: string;
  @Field(() => ID, { nullable: true, description: 'the project it concerns, when one does' })
  projectId?: string | null;
  @Field(() => DateTimeScalar) occurredAt!: Date;
  @Field(() => Int, { nullable: true, description: 'workers involved' }) workers?: number | null;
  @Field({
    description: 'what happened, for the agencies notified (at most 2,000 characters; no ID or card numbers)',
  })
  note!: string;
}

@ObjectType('Incident', {
  description:
    'A wage-arrears incident (R20). Its report notified the district government, HRSS, the industry authorities and the police at once (GOVERNMENT:, HRSS:, HOUSING:/TRANSPORT:/WATER:, POLICE:), and city HRSS; a MAJOR_PUBLIC_OPINION event the city government first.',
})
export class IncidentType {
  @Field(() => ID) id!: string;
  @Field(() => IncidentKind) kind!: IncidentKindValue;
  @Field() districtCode!: string;
  @Field(() => ID, { nullable: true }) projectId!: string | null;
  @Field(() => DateTimeScalar) occurredAt!: Date;
  @Field(() => Int, { nullable: true }) workers!: number | null;
  @Field() note!: string;
  @Field({ description: 'the reporting agency, org:district' }) reportedBy!: string;
  @Field(() => DateTimeScalar) reportedAt!: Date;

  static from(i: Incident): IncidentType {
    return Object.assign(new IncidentType(), {
      id: i.id,
      kind: i.kind,
      districtCode: i.districtCode,
      projectId: i.project?.id ?? null,
      occurredAt: i.occurredAt,
      workers: i.workers,
      note: i.note,
      reportedBy: i.reportedBy,
      reportedAt: i.createdAt,
    });
  }
}

@InputType('IncidentFilter')
export class IncidentFilter {
  @Field(() => IncidentKind, { nullable: true }) kind?: IncidentKindValue | null;
  @Field(() => String, { nullable: true }) districtCode?: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) occurredFrom?: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) occurredBefore?: Date | null;
}

@ObjectType('IncidentConnection')
export class IncidentConnection extends ConnectionType(IncidentType, 'Incident') {}
