import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { registerBank } from '../../src/services/banks';
import { registerEnterprise } from '../../src/services/enterprises';
import { registerProject } from '../../src/services/projects';
import { registerAgreement } from '../../src/services/agreements';
import { inTransaction, type GraphQLContext } from '../context';
import { BankInput, EnterpriseInput, ProjectInput, TripartiteAgreementInput } from '../inputs';
import { BankType, EnterpriseType, ProjectType, TripartiteAgreementType } from '../types/core';

@Resolver()
export class RegistrationResolver {
  @Mutation(() => EnterpriseType, {
    description: 'HRSS or an industry authority; the USCC check character is verified',
  })
  async registerEnterprise(
    @Arg('input') input: EnterpriseInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<EnterpriseType> {
    return EnterpriseType.from(await inTransaction(ctx, (svc) => registerEnterprise(svc, input)));
  }

  @Mutation(() => ProjectType, {
    description: 'HRSS or an industry authority, within its district and industry',
  })
  async registerProject(@Arg('input') input: ProjectInput, @Ctx() ctx: GraphQLContext): Promise<ProjectType> {
    const project = await inTransaction(ctx, (svc) =>
      registerProject(svc, { ...input, contractPriceFen: input.contractPrice }),
    );
    return ProjectType.from(project);
  }

  @Mutation(() => BankType, { description: 'city HRSS only' })
  async registerBank(@Arg('input') input: BankInput, @Ctx() ctx: GraphQLContext): Promise<BankType> {
    return BankType.from(await inTransaction(ctx, (svc) => registerBank(svc, input)));
  }

  @Mutation(() => TripartiteAgreementType, {
    description: "registers the project's special account with it; earlier events for the account join it",
  })
  async registerTripartiteAgreement(
    @Arg('input') input: TripartiteAgreementInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<TripartiteAgreementType> {
    const agreement = await inTransaction(ctx, (svc) =>
      registerAgreement(svc, { ...input, laborCostPerCycleFen: input.laborCostPerCycle }),
    );
    return TripartiteAgreementType.from(agreement);
  }
}
