import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { Bank } from '../../src/entities';
import type { AgreementView, EnterpriseView, ProjectView } from '../../src/services/views/views';
import { maskIdNumber } from '../../src/domain/identifiers';
import { DateScalar, MoneyScalar } from '../scalars';
import { ConnectionType } from './connection';
import { Industry } from './enums';

/** A legal representative as the API shows it: the ID number masked, always. */
@ObjectType('LegalRepresentative')
export class LegalRepresentativeType {
  @Field() name!: string;
  @Field() maskedIdNumber!: string;
}

@ObjectType('Enterprise')
export class EnterpriseType {
  @Field(() => ID) id!: string;
  @Field() uscc!: string;
  @Field() name!: string;
  @Field(() => LegalRepresentativeType, { nullable: true, description: '法定代表人, when registered' })
  legalRepresentative!: LegalRepresentativeType | null;

  static from(e: EnterpriseView): EnterpriseType {
    const legalRepresentative =
      e.legalRepName && e.legalRepIdNumber
        ? Object.assign(new LegalRepresentativeType(), {
            name: e.legalRepName,
            maskedIdNumber: maskIdNumber(e.legalRepIdNumber),
          })
        : null;
    return Object.assign(new EnterpriseType(), { id: e.id, uscc: e.uscc, name: e.name, legalRepresentative });
  }
}

/** The webhook secret is write-only: no field returns it. */
@ObjectType('Bank')
export class BankType {
  @Field() code!: string;
  @Field() name!: string;

  static from(b: Bank): BankType {
    return Object.assign(new BankType(), { code: b.code, name: b.name });
  }
}

@ObjectType('Project')
export class ProjectType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field() districtCode!: string;
  @Field(() => Industry) industry!: string;
  @Field(() => EnterpriseType) owner!: EnterpriseType;
  @Field(() => EnterpriseType) contractor!: EnterpriseType;
  @Field(() => MoneyScalar) contractPrice!: bigint;
  @Field(() => DateScalar) contractSignedOn!: string;
  @Field(() => DateScalar, { nullable: true }) permitIssuedOn!: string | null;
  @Field({ description: 'a government-investment project (R13): funding verified before it starts' })
  governmentInvestment!: boolean;

  static from(p: ProjectView): ProjectType {
    return Object.assign(new ProjectType(), {
      id: p.id,
      name: p.name,
      districtCode: p.districtCode,
      industry: p.industry,
      owner: EnterpriseType.from(p.owner),
      contractor: EnterpriseType.from(p.contractor),
      contractPrice: p.contractPriceFen,
      contractSignedOn: p.contractSignedOn,
      permitIssuedOn: p.permitIssuedOn,
      governmentInvestment: p.governmentInvestment,
    });
  }
}

@ObjectType('TripartiteAgreement')
export class TripartiteAgreementType {
  @Field(() => ID) id!: string;
  @Field() bankCode!: string;
  @Field() accountNo!: string;
  @Field(() => MoneyScalar) laborCostPerCycle!: bigint;
  @Field(() => Int) dueDay!: number;
  @Field(() => DateScalar) startsOn!: string;
  @Field(() => DateScalar, { nullable: true }) endsOn!: string | null;
  /** kept for field resolvers (project, creditedTotal, succession); not a GraphQL field */
  entity!: AgreementView;

  static from(a: AgreementView): TripartiteAgreementType {
    return Object.assign(new TripartiteAgreementType(), {
      id: a.id,
      bankCode: a.account.bank.code,
      accountNo: a.account.accountNo,
      laborCostPerCycle: a.laborCostPerCycleFen,
      dueDay: a.dueDay,
      startsOn: a.startsOn,
      endsOn: a.endsOn,
      entity: a,
    });
  }
}

export const ProjectConnection = ConnectionType(ProjectType, 'Project');
