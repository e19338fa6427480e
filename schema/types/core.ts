import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { Bank } from '../../src/entities';
import type { AgreementView, EnterpriseView, ProjectCoreView } from '../../src/services/views/views';
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
  /** the view it was made from: the representative is built, and masked, only when asked for */
  private view!: EnterpriseView;

  @Field(() => LegalRepresentativeType, { nullable: true, description: '法定代表人, when registered' })
  get legalRepresentative(): LegalRepresentativeType | null {
    const e = this.view;
    return e.legalRepName && e.legalRepIdNumber
      ? Object.assign(new LegalRepresentativeType(), {
          name: e.legalRepName,
          maskedIdNumber: maskIdNumber(e.legalRepIdNumber),
        })
      : null;
  }

  static from(e: EnterpriseView): EnterpriseType {
    return Object.assign(new EnterpriseType(), { id: e.id, uscc: e.uscc, name: e.name, view: e });
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
  // Getters, not fields: most pages of projects (an alert's, a case's) never show them, and each is
  // an object with its representative's ID number masked.
  @Field(() => EnterpriseType)
  get owner(): EnterpriseType {
    return EnterpriseType.from(partyRead(this.view.owner, 'owner'));
  }

  @Field(() => EnterpriseType)
  get contractor(): EnterpriseType {
    return EnterpriseType.from(partyRead(this.view.contractor, 'contractor'));
  }

  @Field(() => MoneyScalar) contractPrice!: bigint;
  @Field(() => DateScalar) contractSignedOn!: string;
  @Field(() => DateScalar, { nullable: true }) permitIssuedOn!: string | null;
  @Field({ description: 'a government-investment project (R13): funding verified before it starts' })
  governmentInvestment!: boolean;
  /** the view it was made from: owner and contractor are built from it only when asked for */
  private view!: ProjectCoreView;

  static from(p: ProjectCoreView): ProjectType {
    return Object.assign(new ProjectType(), {
      id: p.id,
      name: p.name,
      districtCode: p.districtCode,
      industry: p.industry,
      contractPrice: p.contractPriceFen,
      contractSignedOn: p.contractSignedOn,
      permitIssuedOn: p.permitIssuedOn,
      governmentInvestment: p.governmentInvestment,
      view: p,
    });
  }
}

/** A list that read its projects without their parties did so because the answer shows neither. */
function partyRead(party: EnterpriseView | undefined, which: 'owner' | 'contractor'): EnterpriseView {
  if (!party) throw new Error(`a project read without its ${which} was asked for it`); // an invariant
  return party;
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
